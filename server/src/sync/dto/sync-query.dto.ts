import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SyncQueryDto {
  @ApiPropertyOptional({
    example: 'general',
    description: 'The slug of the room the tab shows; none on the rooms list',
  })
  @IsOptional()
  @MaxLength(200)
  @IsString() // validators run bottom-up: the type is checked first
  room?: string;

  @ApiPropertyOptional({
    description: 'The cursor of the previous sync; none on the first call',
  })
  @IsOptional()
  @MaxLength(65_536)
  @IsString()
  since?: string;
}
