import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../slugify';

export class CreateRoomDto {
  @ApiProperty({ example: 'Off Topic', minLength: 1, maxLength: 64 })
  @Trim()
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiPropertyOptional({
    example: 'off-topic',
    maxLength: SLUG_MAX_LENGTH,
    pattern: SLUG_PATTERN.source,
    description: 'Derived from the name when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SLUG_MAX_LENGTH)
  @Matches(SLUG_PATTERN, {
    message: 'slug must be lowercase letters and digits in groups joined by "-"',
  })
  slug?: string;
}
