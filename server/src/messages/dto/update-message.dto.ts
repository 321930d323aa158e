import { PickType } from '@nestjs/swagger';
import { CreateMessageDto } from './create-message.dto';

/** An edit: the same content rules as sending. */
export class UpdateMessageDto extends PickType(CreateMessageDto, ['content'] as const) {}
