import { Entity, PrimaryColumn, Column } from 'typeorm';
import { DateColumn } from './columns';

@Entity('controller_meta')
export class ControllerMetaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
