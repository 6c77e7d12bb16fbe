/**
 * What production mode requires besides its messages' and gateway's addresses: a server key
 * for Midtrans and the member card's signing key (RFC 8032's first test seed). Tests give the
 * addresses of their own SMTP catcher, SMS gateway and gateway.
 */
export function productionSettings(over: Record<string, string> = {}): Record<string, string> {
  return {
    SMTP_URL: 'smtp://127.0.0.1:2525',
    SMTP_FROM: 'Portal Nasabah <no-reply@portal-nasabah.example>',
    SMS_GATEWAY_URL: 'https://sms.example/send',
    SMS_GATEWAY_TOKEN: 'gw-secret',
    MIDTRANS_SERVER_KEY: 'SB-Mid-server-uji-coba',
    MIDTRANS_BASE_URL: 'https://api.sandbox.midtrans.com',
    CARD_SIGNING_KEY: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    ...over,
  };
}
