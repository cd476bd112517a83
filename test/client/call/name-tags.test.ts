import { describe, expect, it } from 'vitest';
import { NameTags } from '../../../client/call/name-tags.js';
import { displayName } from '../../../client/ui/display-name.js';

const labels = (tags: NameTags, people: [string, string][]) =>
  Object.fromEntries(
    tags.label(
      people.map(([id, name]) => ({ id, name })),
      displayName,
    ),
  );

describe('NameTags', () => {
  it('numbers the second and third person of a name, and leaves unique names alone', () => {
    const tags = new NameTags();
    expect(
      labels(tags, [
        ['a', 'Ada'],
        ['b1', 'Bob'],
        ['b2', 'Bob'],
        ['b3', 'bob '],
      ]),
    ).toEqual({ a: 'Ada', b1: 'Bob', b2: 'Bob (2)', b3: 'bob (3)' });
  });

  it('keeps a number with its id while that id is here, whoever comes or goes', () => {
    const tags = new NameTags();
    labels(tags, [
      ['b1', 'Bob'],
      ['b2', 'Bob'],
    ]);
    // The first Bob leaves: the second is the only one, shown plain; a new Bob then takes the free number.
    expect(labels(tags, [['b2', 'Bob']])).toEqual({ b2: 'Bob' });
    expect(
      labels(tags, [
        ['b2', 'Bob'],
        ['b4', 'Bob'],
      ]),
    ).toEqual({ b2: 'Bob (2)', b4: 'Bob' });
    expect(
      labels(tags, [
        ['b4', 'Bob'],
        ['b2', 'Bob'],
      ]),
    ).toEqual({ b2: 'Bob (2)', b4: 'Bob' });
  });

  it('numbers anew a person who renames to a name someone has', () => {
    const tags = new NameTags();
    labels(tags, [
      ['a', 'Ada'],
      ['b', 'Bob'],
    ]);
    expect(
      labels(tags, [
        ['a', 'Ada'],
        ['b', 'Ada'],
      ]),
    ).toEqual({ a: 'Ada', b: 'Ada (2)' });
  });

  it('compares names as shown: hidden characters make no second name', () => {
    const tags = new NameTags();
    expect(
      labels(tags, [
        ['b1', 'Bob'],
        ['b2', 'B\u200bob'],
      ]),
    ).toEqual({ b1: 'Bob', b2: 'Bob (2)' });
  });
});
