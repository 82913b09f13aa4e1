import type { Sequelize } from 'sequelize'
import { defineReferenceDataModels } from './reference-data-models'
import { defineWaitlistRequestModel } from './waitlist-request-model'
import { defineWaitlistRequestHistoryModel } from './waitlist-request-history-model'
import { defineOpeningModel } from './opening-model'
import { defineOfferModel } from './offer-model'

/** The model classes of one database handle, bound to its pool and no other. */
export const defineModels = (sequelize: Sequelize) => ({
  ...defineReferenceDataModels(sequelize),
  WaitlistRequest: defineWaitlistRequestModel(sequelize),
  WaitlistRequestHistory: defineWaitlistRequestHistoryModel(sequelize),
  Opening: defineOpeningModel(sequelize),
  Offer: defineOfferModel(sequelize),
})
export type Models = ReturnType<typeof defineModels>
