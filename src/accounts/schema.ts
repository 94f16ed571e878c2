/** The fields that name an account in every answer (sign-in, /api/me, team lists), as JSON schema. */
export const accountIdentityProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string', enum: ['agent', 'admin'] },
  isPrimary: { type: 'boolean' },
} as const;
