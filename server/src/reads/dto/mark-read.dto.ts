import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class MarkReadDto {
  @ApiProperty({
    example: 42,
    minimum: 0,
    description: "Everything up to this seq is read. Above the room's head: 400.",
  })
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(0)
  @IsInt() // validators run bottom-up: the type is checked first
  seq!: number;
}
