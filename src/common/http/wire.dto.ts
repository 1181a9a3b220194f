/** Swagger `baseEntity`: what every entity detail starts with. */
export interface BaseEntityDto {
  id: string;
  createdAt: string;
  updatedAt: string;
  _links: Record<string, { href: string }>;
  tags: Record<string, unknown>;
}

/** Swagger `entityRef`: a link to another entity, by id and name. */
export interface EntityRefDto {
  entity: string;
  id: string;
  name: string;
  _links: Record<string, { href: string }>;
}
