import type { Sequelize } from 'sequelize'
import { initReferenceDataModels } from './reference-data-models'
import { initWaitlistRequestModel } from './waitlist-request-model'
import { initWaitlistRequestHistoryModel } from './waitlist-request-history-model'

export const initModels = (sequelize: Sequelize): void => {
  initReferenceDataModels(sequelize)
  initWaitlistRequestModel(sequelize)
  initWaitlistRequestHistoryModel(sequelize)
}
