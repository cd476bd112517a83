// readable-stream ships no types; simple-peer's own code is all that touches
// the class (client/node-shims/readable-stream.ts only passes it on).
declare module 'readable-stream/lib/_stream_duplex.js' {
  const Duplex: unknown;
  export default Duplex;
}
