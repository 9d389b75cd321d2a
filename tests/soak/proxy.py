"""A TCP proxy in front of the search engine that can refuse or hang, for the soak's faults.

Modes: "pass" forwards, "refuse" closes the listening socket (connections are
refused at once, as when the engine is down), "hang" accepts connections and reads
requests but never answers (an engine that is overloaded or stuck).

On the way in it also does what tests/search_engine.py's PlainJsonNode does for the
test suite: the embedded engine answers 406 to the 8.x client's compatibility media
type, so requests are passed on with plain `application/json`. The portal itself
runs its production client unchanged.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading

COMPAT_MEDIA_TYPE = re.compile(rb"application/vnd\.elasticsearch\+[\w-]+; ?compatible-with=\d+")
CONTENT_LENGTH = re.compile(rb"(?im)^content-length:\s*(\d+)")


class FaultyProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.mode = "pass"
        self.port = self._free_port()
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self._held: list[socket.socket] = []
        self._listen()

    @staticmethod
    def _free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def set_mode(self, mode: str) -> None:
        with self._lock:
            if mode == "refuse" and self._listener is not None:
                # shutdown first: on Linux a plain close leaves a socket listening while
                # another thread is blocked in accept() on it.
                with contextlib.suppress(OSError):
                    self._listener.shutdown(socket.SHUT_RDWR)
                self._listener.close()
                self._listener = None
            elif mode != "refuse" and self._listener is None:
                self._listen()
            if mode != "hang":
                for held in self._held:
                    held.close()
                self._held.clear()
            self.mode = mode

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: "refuse"
            if self.mode == "hang":
                with self._lock:
                    self._held.append(client)  # read nothing back, answer nothing
                continue
            threading.Thread(target=self._forward_both, args=(client,), daemon=True).start()

    def _forward_both(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=30)
        except OSError:
            client.close()
            return
        threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()
        self._requests(client, upstream)

    def _requests(self, source: socket.socket, sink: socket.socket) -> None:
        """Forward HTTP/1.1 requests one by one, with plain JSON media types.

        The mode is checked per request, so a client's kept-alive connection meets
        the fault too: refused (closed) or left without an answer (held).
        """
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = source.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                head = COMPAT_MEDIA_TYPE.sub(b"application/json", head)
                match = CONTENT_LENGTH.search(head)
                length = int(match.group(1)) if match else 0
                while len(buffer) < length:
                    data = source.recv(65536)
                    if not data:
                        return
                    buffer += data
                if self.mode == "refuse":
                    return
                if self.mode == "hang":
                    with self._lock:
                        self._held.append(source)
                    # Both ends stay open: the client waits for an answer that never comes.
                    source = sink = None
                    return
                sink.sendall(head + b"\r\n\r\n" + buffer[:length])
                buffer = buffer[length:]
        except OSError:
            pass
        finally:
            for end in (source, sink):
                if end is None:
                    continue
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
