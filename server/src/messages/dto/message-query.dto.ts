import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_PAGE, MAX_PAGE } from '../../common/chat-rules';
import { ToInt } from '../../common/validation';

export class MessageQueryDto {
  @ApiPropertyOptional({ description: 'Only messages with a greater id, oldest first (the poll)' })
  @IsOptional()
  @ToInt()
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(0)
  @IsInt() // checked first: decorators nearest the property run first
  after?: number;

  @ApiPropertyOptional({ description: 'Only messages with a smaller id: the page just older' })
  @IsOptional()
  @ToInt()
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(0)
  @IsInt()
  before?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE,
    description: `${MAX_PAGE} for after, else ${DEFAULT_PAGE}`,
  })
  @IsOptional()
  @ToInt()
  @Max(MAX_PAGE)
  @Min(1)
  @IsInt()
  limit?: number;
}
