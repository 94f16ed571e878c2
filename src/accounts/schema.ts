/** The fields that name an account in every answer (sign-in, /api/me, team lists), as JSON schema. */
export const accountIdentityProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string', enum: ['agent', 'admin'] },
  isPrimary: { type: 'boolean' },
} as const;

export const accountIdentityRequired = ['id', 'name', 'email', 'role', 'isPrimary'] as const;

/** The short reference to another account (a linked account), as JSON schema; `AccountRef` in the API description. */
export const accountRefSchema = {
  title: 'AccountRef',
  type: 'object',
  required: ['id', 'role', 'name', 'disabled'],
  properties: { id: { type: 'string' }, role: { type: 'string', enum: ['agent', 'admin'] }, name: { type: 'string' }, disabled: { type: 'boolean' } },
} as const;
