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
  @MaxLength(4000)
  @IsNotEmpty({ message: 'content must not be blank' })
  @IsString() // validators run bottom-up: the type is checked first
  content!: string;
}
