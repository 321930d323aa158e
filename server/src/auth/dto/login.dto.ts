import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LOGIN_PASSWORD_MAX_LENGTH, LOGIN_USERNAME_MAX_LENGTH } from '../../common/chat-rules';

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @MaxLength(LOGIN_USERNAME_MAX_LENGTH)
  @IsNotEmpty()
  @IsString() // validators run bottom-up: the type is checked first
  username!: string;

  @ApiProperty()
  @MaxLength(LOGIN_PASSWORD_MAX_LENGTH)
  @IsNotEmpty()
  @IsString()
  password!: string;
}
