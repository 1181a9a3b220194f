import { ControllerMetaEntity } from './controller-meta.entity';

/** Every entity; modules register their own with forFeature, the data source and TypeORM CLI need them all. */
export const ENTITIES = [ControllerMetaEntity];
