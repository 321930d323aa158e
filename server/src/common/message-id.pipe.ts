import { BadRequestException, Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

/** Ids and seqs are 32-bit on every engine: a larger one names nothing. */
export const MAX_ID = 2_147_483_647;

/**
 * A message id in a path: digits only (else 400); a number no message can have
 * is a 404 without a query (PostgreSQL would refuse to compare it).
 */
@Injectable()
export class MessageIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,20}$/.test(value)) throw new BadRequestException('id must be a positive integer');
    const id = Number(value);
    if (id < 1 || id > MAX_ID) throw new NotFoundException(`No message ${value} in this room`);
    return id;
  }
}
