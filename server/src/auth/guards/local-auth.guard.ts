import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { validationPipe } from '../../common/validation';
import { LoginDto } from '../dto/login.dto';

/**
 * Validates the login body, checks the password (LocalStrategy) and starts the
 * session. The body is validated here because guards run before pipes: a
 * malformed request must get its 400 before anyone is logged in.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await validationPipe.transform(request.body, { type: 'body', metatype: LoginDto });
    const authenticated = (await super.canActivate(context)) as boolean;
    // Passport regenerates the session id here, so a planted id is never promoted.
    await super.logIn(request);
    return authenticated;
  }
}
