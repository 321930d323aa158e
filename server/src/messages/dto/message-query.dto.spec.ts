import { describe, expect, it } from 'vitest';
import { checkDto } from '../../../test/helpers/validate-dto';
import { MessageQueryDto } from './message-query.dto';

describe('MessageQueryDto', () => {
  it('accepts no parameters', async () => {
    const { dto, errors } = await checkDto(MessageQueryDto, {});
    expect(errors).toEqual({});
    expect(dto).toEqual(new MessageQueryDto());
  });

  it('turns query-string integers into numbers', async () => {
    const { dto, errors } = await checkDto(MessageQueryDto, { after: '42', limit: '7' });
    expect(errors).toEqual({});
    expect(dto.after).toBe(42);
    expect(dto.limit).toBe(7);
    expect(dto.before).toBeUndefined();
  });

  it.each([
    ['after', '0'],
    ['before', '0'],
    ['before', '2147483647'],
    ['beforeSeq', '0'],
    ['beforeSeq', '2147483647'],
    ['limit', '1'],
    ['limit', '100'],
  ])('accepts %s=%s', async (name, value) => {
    const { dto, errors } = await checkDto(MessageQueryDto, { [name]: value });
    expect(errors).toEqual({});
    expect(dto[name as keyof MessageQueryDto]).toBe(Number(value));
  });

  it.each([
    ['after', 'abc', 'isInt'],
    ['after', '', 'isInt'],
    ['after', '-1', 'isInt'],
    ['after', '4.2', 'isInt'],
    ['after', '1e3', 'isInt'],
    ['after', ['1', '2'], 'isInt'],
    ['after', '12345678901234567', 'isInt'],
    ['before', '9999999999999999', 'max'],
    ['before', '2147483648', 'max'],
    ['after', '2147483648', 'max'],
    ['beforeSeq', '2147483648', 'max'],
    ['beforeSeq', '-1', 'isInt'],
    ['limit', '0', 'min'],
    ['limit', '101', 'max'],
  ])('refuses %s=%j', async (name, value, rule) => {
    const { errors } = await checkDto(MessageQueryDto, { [name]: value });
    expect(Object.keys(errors)).toEqual([name]);
    expect(errors[name]).toContain(rule);
  });

  it('refuses an unknown parameter', async () => {
    const { errors } = await checkDto(MessageQueryDto, { after: '1', page: '2' });
    expect(errors).toEqual({ page: ['whitelistValidation'] });
  });
});
