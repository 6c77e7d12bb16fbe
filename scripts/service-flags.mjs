// Node's flags for the policy service as it is deployed (deploy/Dockerfile, npm run service,
// bench/service.ts). 4 MiB semi-spaces instead of 16: an idle instance keeps about 15 MiB less
// young generation, for a few more scavenges under load (bench/service.ts shows both).
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=4'];
