import { DataTypes } from 'sequelize'

// Fresh objects each time: Sequelize writes into attribute definitions, so one shared object would merge columns.
export const text = () => ({ type: DataTypes.TEXT, allowNull: false })
export const optionalText = () => ({ type: DataTypes.TEXT, allowNull: true })
export const textArray = () => ({ type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false })
export const integer = () => ({ type: DataTypes.INTEGER, allowNull: false })
export const instant = () => ({ type: DataTypes.DATE, allowNull: false })
