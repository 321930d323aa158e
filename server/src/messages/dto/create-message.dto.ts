import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation';

export class CreateMessageDto {
  @ApiProperty({
    example: 'Hello world',
    maxLength: 4000,
    description: 'Trimmed; must not be blank',
  })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'content must not be blank' })
  @MaxLength(4000)
  content!: string;
}
