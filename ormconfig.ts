// The TypeORM CLI's entry point (`npm run typeorm -- migration:show`): the same options the controller uses,
// from ZT_DB_URL / ZT_DATA_DIR.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/config.schema';
import { dataSourceOptions } from './src/database/data-source';

export default new DataSource(dataSourceOptions(loadConfig().dbUrl));
