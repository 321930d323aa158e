import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class SignupDto {
  @ApiProperty({ example: 'alice', minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' })
  @IsString()
  @Length(3, 32)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'username may contain only letters, digits, ".", "_" and "-"',
  })
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'Not only digits' })
  @IsString()
  @Length(8, 128)
  @Matches(/\D/, { message: 'password must not be only digits' })
  password!: string;
}
