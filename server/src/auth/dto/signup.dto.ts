import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class SignupDto {
  @ApiProperty({ example: 'alice', minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' })
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'username may contain only letters, digits, ".", "_" and "-"',
  })
  @Length(3, 32)
  @IsString() // validators run bottom-up: the type is checked first
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'Not only digits' })
  @Matches(/\D/, { message: 'password must not be only digits' })
  @Length(8, 128)
  @IsString()
  password!: string;
}
