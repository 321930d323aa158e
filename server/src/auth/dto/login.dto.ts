import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @MaxLength(64)
  @IsNotEmpty()
  @IsString() // validators run bottom-up: the type is checked first
  username!: string;

  @ApiProperty()
  @MaxLength(1024)
  @IsNotEmpty()
  @IsString()
  password!: string;
}
