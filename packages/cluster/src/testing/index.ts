export { requireRedisServer, startRedisServer, type TestRedisServer } from './redis-server.js';
