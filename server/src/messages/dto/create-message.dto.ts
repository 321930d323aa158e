import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { MESSAGE_MAX_LENGTH } from '../../common/chat-rules';
import { IsNotBlank, Trim } from '../../common/validation';

export class CreateMessageDto {
  @ApiProperty({
    example: 'Hello world',
    maxLength: MESSAGE_MAX_LENGTH,
    description: 'Trimmed; must show something (not only spaces or invisible characters)',
  })
  @Trim()
  @MaxLength(MESSAGE_MAX_LENGTH)
  @IsNotBlank()
  @IsString() // validators run bottom-up: the type is checked first
  content!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '0b6a7c52-4f7e-4d2a-9a53-2f5f3c1f9e10',
    description:
      'Made by the client for this message. Sending again with the same clientId returns ' +
      'the stored message (200) instead of storing it twice; with other content, 409.',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  )
  @ValidateIf((_, value) => value !== undefined) // absent means none; null is refused
  @IsUUID('all')
  clientId?: string;
}
