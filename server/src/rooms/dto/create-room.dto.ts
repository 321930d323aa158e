import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsNotBlank, Trim } from '../../common/validation';
import { ROOM_NAME_MAX_LENGTH, SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/chat-rules';

export class CreateRoomDto {
  @ApiProperty({
    example: 'Off Topic',
    minLength: 1,
    maxLength: ROOM_NAME_MAX_LENGTH,
    description: 'Trimmed; must show something (not only spaces or invisible characters)',
  })
  @Trim()
  @IsNotBlank()
  @Length(1, ROOM_NAME_MAX_LENGTH)
  @IsString() // validators run bottom-up: the type is checked first
  name!: string;

  @ApiPropertyOptional({
    example: 'off-topic',
    maxLength: SLUG_MAX_LENGTH,
    pattern: SLUG_PATTERN.source,
    description: 'Derived from the name when absent',
  })
  @ValidateIf((_, value) => value !== undefined) // absent derives a slug; null is refused
  @Matches(SLUG_PATTERN, {
    message: 'slug must be lowercase letters and digits in groups joined by "-"',
  })
  @MaxLength(SLUG_MAX_LENGTH)
  @IsString()
  slug?: string;
}
