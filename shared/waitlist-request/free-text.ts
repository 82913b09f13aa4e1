import * as t from 'io-ts'

export const NOTES_MAX_LENGTH = 2000
export const CATEGORY_LABEL_MAX_LENGTH = 200

/** Characters as people and PostgreSQL's char_length count them: code points, so an emoji is one, not two. */
export const characterCount = (s: string): number => {
  let count = 0
  for (const _ of s) count += 1
  return count
}

interface NotesBrand {
  readonly Notes: unique symbol
}

/** Free text kept exactly as sent, blank included; PostgreSQL text cannot hold NUL, so NUL is refused rather than mangled. */
export const Notes = t.brand(
  t.string,
  (s): s is t.Branded<string, NotesBrand> => characterCount(s) <= NOTES_MAX_LENGTH && !s.includes('\u0000'),
  'Notes',
)
export type Notes = t.TypeOf<typeof Notes>

interface CategoryLabelBrand {
  readonly CategoryLabel: unique symbol
}

export const CategoryLabel = t.brand(
  t.string,
  (s): s is t.Branded<string, CategoryLabelBrand> =>
    s.trim().length > 0 && characterCount(s) <= CATEGORY_LABEL_MAX_LENGTH && !s.includes('\u0000'),
  'CategoryLabel',
)
export type CategoryLabel = t.TypeOf<typeof CategoryLabel>
