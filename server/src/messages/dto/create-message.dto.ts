import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsNotBlank, Trim } from '../../common/validation';

export class CreateMessageDto {
  @ApiProperty({
    example: 'Hello world',
    maxLength: 4000,
    description: 'Trimmed; must show something (not only spaces or invisible characters)',
  })
  @Trim()
  @MaxLength(4000)
  @IsNotBlank()
  @IsString() // validators run bottom-up: the type is checked first
  content!: string;
}
