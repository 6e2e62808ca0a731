import { describe, expect, it } from 'vitest';
import { findMentions } from '../src/brains/mentions.js';
import { fillArguments } from '../src/index.js';

const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});

/** A restaurant booking tool, with the JSON Schema zod 4 gives it. */
const bookTable = object(
  {
    guestName: { type: 'string', description: 'Who the table is for' },
    partySize: { type: 'integer', minimum: 1, maximum: 20, description: 'How many people' },
    date: { type: 'string', format: 'date' },
    time: { type: 'string', description: 'Arrival time, HH:MM' },
    phone: { type: 'string', description: 'A phone number to confirm the booking' },
    email: { type: 'string', format: 'email' },
    seating: { type: 'string', enum: ['indoor', 'terrace', 'bar'] },
    notes: { type: 'string' },
  },
  ['guestName', 'partySize', 'date', 'time', 'phone'],
);

describe('fillArguments extracts each field from what the user said', () => {
  it.each([
    {
      case: 'a phone number is not a party size',
      text: 'My number is 07700 900123, we are 4 people, on 2026-12-24 at 7pm, the name is Ada Lovelace',
      expected: {
        guestName: 'Ada Lovelace',
        partySize: 4,
        date: '2026-12-24',
        time: '19:00',
        phone: '07700 900123',
      },
    },
    {
      case: 'numbers next to the field’s words, dates in words, a quoted name and an enum',
      text: 'Book the terrace for a party of six on 24 December 2026 at 19:30 under "Grace Hopper", call +44 20 7946 0958',
      expected: {
        guestName: 'Grace Hopper',
        partySize: 6,
        date: '2026-12-24',
        time: '19:30',
        phone: '+44 20 7946 0958',
        seating: 'terrace',
      },
    },
    {
      case: 'an e-mail and labelled free text, a name picked from the sentence',
      text: 'Table for 2 tomorrow at noon for Alan Turing, phone 5550100200, email alan@example.org, notes: a quiet corner',
      expected: {
        guestName: 'Alan Turing',
        partySize: 2,
        date: 'tomorrow',
        time: '12:00',
        phone: '5550100200',
        email: 'alan@example.org',
        notes: 'a quiet corner',
      },
    },
  ])('$case', ({ text, expected }) => {
    expect(fillArguments(bookTable, { text })).toEqual(expected);
  });

  it.each([
    {
      case: 'nested objects take their fields from the same sentence',
      schema: object({
        customer: object({ name: { type: 'string' }, phone: { type: 'string' } }),
        nights: { type: 'integer' },
      }),
      text: 'Two rooms for 3 nights for Marie Curie, her phone is 01 23 45 67 89',
      expected: { customer: { name: 'Marie Curie', phone: '01 23 45 67 89' }, nights: 3 },
    },
    {
      case: 'arrays of enum values, of listed strings and of objects',
      schema: object(
        {
          channels: { type: 'array', items: { enum: ['email', 'sms', 'push'] } },
          toppings: { type: 'array', items: { type: 'string' } },
          guests: { type: 'array', items: object({ name: { type: 'string' } }) },
        },
        ['channels', 'toppings'],
      ),
      text: 'Notify me by sms and push. Toppings: ham, olives and basil',
      expected: { channels: ['sms', 'push'], toppings: ['ham', 'olives', 'basil'] },
    },
    {
      case: 'the sentence goes only into a free-text field, never into every string',
      schema: object({
        service: { enum: ['internet', 'tv'] },
        summary: { type: 'string' },
        title: { type: 'string' },
      }),
      text: 'My internet keeps dropping every evening',
      expected: { service: 'internet', summary: 'My internet keeps dropping every evening', title: '' },
    },
    {
      case: 'a date-format field with no year keeps what was said',
      schema: object({ date: { type: 'string' } }),
      text: 'Can we come on March 3rd?',
      expected: { date: 'March 3rd' },
    },
    {
      case: 'required values missing now come from earlier turns, by kind',
      schema: object({ phone: { type: 'string' }, partySize: { type: 'integer' } }),
      text: 'Make it for 5 people',
      earlierTexts: ['You can reach me on 0161 496 0000'],
      expected: { phone: '0161 496 0000', partySize: 5 },
    },
  ])('$case', ({ schema, text, expected, earlierTexts }) => {
    expect(fillArguments(schema, { text, earlierTexts })).toEqual(expected);
  });
});

describe('findMentions', () => {
  it('types each value once: digits of phones, dates and ids are never plain numbers', () => {
    const mentions = findMentions('INV-1001 on 2026-01-05 at 9:15 am, call 020 7946 0958 about 3 items');
    expect(mentions.map(({ kind, text, value }) => ({ kind, text, value }))).toEqual([
      { kind: 'id', text: 'INV-1001', value: undefined },
      { kind: 'date', text: '2026-01-05', value: '2026-01-05' },
      { kind: 'time', text: '9:15 am', value: '09:15' },
      { kind: 'phone', text: '020 7946 0958', value: undefined },
      { kind: 'number', text: '3', value: 3 },
    ]);
  });
});
