import type { InitOptions, Model, ModelAttributes, ModelStatic } from 'sequelize'

/**
 * A subclass of `base` bound to one database handle. `Model.init` binds the class it is called on to one
 * Sequelize instance, so initialising the exported classes themselves would make the last handle opened serve
 * every caller in the process (the API's pool serving the worker's reads). The exported classes are only the
 * row types: they are never initialised, so a query through one fails at once instead of using a stray pool.
 */
export const bindModel = <M extends Model, S extends ModelStatic<M>>(
  base: S,
  attributes: ModelAttributes<M>,
  options: InitOptions<M>,
): S => {
  const Bound = class extends (base as unknown as ModelStatic<Model>) {} as unknown as S
  Bound.init(attributes, options)
  return Bound
}
