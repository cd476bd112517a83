// A minimal foreign client for the browser tests, written from the protocol
// (docs/protocol.md) and the WebRTC spec, with no Parley or Camus code. It
// behaves as the Camus 0.3 web app does where it matters to Parley:
// - plain RTCPeerConnection with "perfect negotiation": each side offers on
//   `negotiationneeded`, and on a collision the peer with the lower id is
//   polite (rolls back and takes the other's offer) while the higher one
//   ignores the other's offer;
// - its camera and microphone go out with addTransceiver(track) and no
//   stream, so its SDP says `a=msid:- <track id>`; it opens no data channel;
// - it knows exactly the Camus 0.2 message types and throws on any other
//   (Camus 0.3's handler does: `error` included); the test reads
//   `foreign.unknownTypes`, which must stay empty.
// After the socket drops it either never reconnects (mode=stay, as Camus 0.2)
// or reconnects under the new id the server gives it, with the same
// username (mode=rejoin). Either way it keeps its peer connections: a live
// one goes only when it fails or the peer says bye, and a peer listed again
// under a new id with the same (unique) username is re-keyed, not rebuilt.
//
// Query: ?room=<room>&name=<username>&mode=stay|rejoin
(() => {
  const KNOWN_TYPES = new Set([
    'ping',
    'pong',
    'text',
    'get-room-info',
    'room-info',
    'get-ice-servers',
    'ice-servers',
    'profile',
    'offer',
    'answer',
    'icecandidate',
    'greeting',
    'bye',
  ]);
  const params = new URLSearchParams(location.search);
  const room = params.get('room');
  const username = params.get('name');
  const mode = params.get('mode');

  /** What the test reads. `peers` is keyed by the id we know each peer under now. */
  const foreign = (window.foreign = { id: '', ids: [], peers: new Map(), unknownTypes: [], connectionsMade: 0 });
  let socket;
  let localStream;

  function send(frame) {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function connect() {
    socket = new WebSocket(`ws://${location.host}/r/${room}/ws`);
    socket.onmessage = (event) => handle(JSON.parse(event.data));
    socket.onclose = () => {
      // Not a sleep in a test: a client's own retry, as Camus 0.3 does (every 5 s).
      if (mode === 'rejoin') setTimeout(connect, 500);
    };
  }

  function handle(message) {
    if (!KNOWN_TYPES.has(message.type)) {
      foreign.unknownTypes.push(message.type);
      throw new Error(`foreign peer: no handler for message type "${message.type}"`);
    }
    switch (message.type) {
      case 'greeting':
        foreign.id = message.receiver;
        foreign.ids.push(message.receiver);
        send({ receiver: 'ground control', type: 'profile', data: { username } });
        send({ receiver: 'ground control', type: 'get-room-info' });
        return;
      case 'room-info':
        return updatePeers(message.data.clients);
      case 'offer':
        return void onOffer(peerFor(message.sender), message.data);
      case 'answer':
        return void onAnswer(foreign.peers.get(message.sender), message.data);
      case 'icecandidate':
        return void onCandidate(foreign.peers.get(message.sender), message.data);
      case 'bye':
        return removePeer(message.sender);
      case 'ping':
        return send({ receiver: message.sender, type: 'pong', data: message.data });
      default:
        return; // known, nothing to do
    }
  }

  function updatePeers(clients) {
    const listed = new Map(clients.filter((c) => c.id !== foreign.id).map((c) => [c.id, c.username]));
    for (const [id, name] of listed) {
      if (foreign.peers.has(id)) {
        foreign.peers.get(id).username = name;
        continue;
      }
      if (name === '') continue; // its profile is on the way
      // One of ours under a new id? The one unlisted peer of that name, and the only new id with it.
      const gone = [...foreign.peers.values()].filter((p) => !listed.has(p.id) && p.username === name);
      const sameName = [...listed].filter(([, n]) => n === name);
      if (gone.length === 1 && sameName.length === 1) {
        const peer = gone[0];
        foreign.peers.delete(peer.id);
        peer.id = id;
        foreign.peers.set(id, peer);
        continue;
      }
      peerFor(id).username = name;
    }
  }

  function peerFor(id) {
    return foreign.peers.get(id) ?? makePeer(id);
  }

  function makePeer(id) {
    const pc = new RTCPeerConnection({ iceServers: [] });
    foreign.connectionsMade++;
    const peer = {
      id,
      username: '',
      pc,
      polite: foreign.id < id,
      makingOffer: false,
      ignoreOffer: false,
      channels: [],
      tracks: new Map(),
      video: document.createElement('video'),
    };
    foreign.peers.set(id, peer);
    peer.video.autoplay = true;
    peer.video.muted = true;
    peer.video.playsInline = true;
    peer.video.dataset.remote = '';
    document.body.append(peer.video);
    // Keep whatever channel the other side opens (unused, but it must not be collected and closed).
    pc.ondatachannel = ({ channel }) => peer.channels.push(channel);
    pc.ontrack = ({ track }) => {
      peer.tracks.set(track.kind, track);
      peer.video.srcObject = new MediaStream([...peer.tracks.values()]);
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) send({ receiver: peer.id, type: 'icecandidate', data: candidate.toJSON() });
    };
    pc.onnegotiationneeded = async () => {
      try {
        peer.makingOffer = true;
        await pc.setLocalDescription();
        send({ receiver: peer.id, type: 'offer', data: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
      } finally {
        peer.makingOffer = false;
      }
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') pc.restartIce();
      if (pc.connectionState === 'closed') removePeer(peer.id);
    };
    // No stream: the SDP carries a=msid:- for each.
    for (const track of localStream.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv' });
    return peer;
  }

  async function onOffer(peer, description) {
    const isCollision = peer.makingOffer || peer.pc.signalingState !== 'stable';
    peer.ignoreOffer = !peer.polite && isCollision;
    if (peer.ignoreOffer) return;
    await peer.pc.setRemoteDescription(description); // rolls ours back if need be
    await peer.pc.setLocalDescription();
    send({ receiver: peer.id, type: 'answer', data: { type: peer.pc.localDescription.type, sdp: peer.pc.localDescription.sdp } });
  }

  async function onAnswer(peer, description) {
    if (!peer || peer.pc.signalingState !== 'have-local-offer') return;
    await peer.pc.setRemoteDescription(description);
  }

  async function onCandidate(peer, candidate) {
    if (!peer) return;
    try {
      await peer.pc.addIceCandidate(candidate);
    } catch (error) {
      if (!peer.ignoreOffer) throw error;
    }
  }

  function removePeer(id) {
    const peer = foreign.peers.get(id);
    if (!peer) return;
    foreign.peers.delete(id);
    peer.pc.close();
    peer.video.remove();
  }

  navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } }).then((stream) => {
    localStream = stream;
    connect();
  });
})();
