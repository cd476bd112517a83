// The memory store keeps the shared HistoryStore contract.
import { MemoryStore } from '../../../server/history/memory-store.js';
import { storeContract } from './store-contract.js';

storeContract('MemoryStore', () => Promise.resolve(new MemoryStore()));
