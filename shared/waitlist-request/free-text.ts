import type * as t from 'io-ts'
import { storedText } from '../codecs/stored-text'

export const NOTES_MAX_LENGTH = 2000
export const CATEGORY_LABEL_MAX_LENGTH = 200

interface NotesBrand {
  readonly Notes: unique symbol
}

/** Free text kept exactly as sent, blank included: what PostgreSQL cannot hold is refused rather than mangled. */
export const Notes = storedText<NotesBrand, 'Notes'>('Notes', { maxLength: NOTES_MAX_LENGTH, nonBlank: false })
export type Notes = t.TypeOf<typeof Notes>

interface CategoryLabelBrand {
  readonly CategoryLabel: unique symbol
}

export const CategoryLabel = storedText<CategoryLabelBrand, 'CategoryLabel'>('CategoryLabel', {
  maxLength: CATEGORY_LABEL_MAX_LENGTH,
  nonBlank: true,
})
export type CategoryLabel = t.TypeOf<typeof CategoryLabel>
