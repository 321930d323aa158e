import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { FreshCsrfTokenInterceptor } from '../csrf/fresh-csrf-token.interceptor';
import type { UserView } from '../users/user.view';
import { AuthService } from './auth.service';
import { CurrentUser } from './decorators/current-user.decorator';
import { Public } from './decorators/public.decorator';
import { LoginDto } from './dto/login.dto';
import { SignupDto } from './dto/signup.dto';
import { AuthThrottlerGuard } from './guards/auth-throttler.guard';
import { LocalAuthGuard } from './guards/local-auth.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('signup')
  @UseGuards(AuthThrottlerGuard)
  @UseInterceptors(FreshCsrfTokenInterceptor)
  async signup(@Body() dto: SignupDto, @Req() request: Request): Promise<{ user: UserView }> {
    return { user: await this.auth.signUp(dto, request) };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ type: LoginDto })
  @UseGuards(AuthThrottlerGuard, LocalAuthGuard)
  @UseInterceptors(FreshCsrfTokenInterceptor)
  login(@CurrentUser() user: UserView): { user: UserView } {
    return { user };
  }

  @Post('logout')
  @HttpCode(204)
  @UseInterceptors(FreshCsrfTokenInterceptor)
  async logout(@Req() request: Request): Promise<void> {
    await this.auth.logOut(request);
  }

  @Get('me')
  me(@CurrentUser() user: UserView): { user: UserView } {
    return { user };
  }
}
