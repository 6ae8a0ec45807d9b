# Runs a command in a real pseudo-terminal of a given size and relays bytes:
# our stdin -> the terminal, the terminal's output -> our stdout. Exits with the
# command's exit code (128+N when killed by signal N). When file descriptor 3 is open,
# writes there the count of input bytes handed to the terminal so far, one line per
# write: from then on the command's reading end is woken (or, in a line-buffered
# terminal, holds them).
# SIGUSR1 closes the terminal's master side, as closing a terminal window does: the
# kernel hangs up the terminal and sends SIGHUP to the command. With PTY_RELAY_STDERR set
# to a path, the command's stderr goes to that file instead (it outlives the terminal).
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios

cols, rows = int(sys.argv[1]), int(sys.argv[2])
argv = sys.argv[3:]

pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.closerange(3, 4)  # the byte-count pipe is the relay's, not the command's
    if os.environ.get("PTY_RELAY_STDERR"):
        err = os.open(os.environ["PTY_RELAY_STDERR"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(err, 2)
        os.close(err)
    os.execvp(argv[0], argv)

try:
    os.fstat(3)
    ack_fd = 3
except OSError:
    ack_fd = None
forwarded = 0

hang_up = False


def on_hang_up(_signum, _frame):
    global hang_up
    hang_up = True


signal.signal(signal.SIGUSR1, on_hang_up)

stdin_open = True
out = sys.stdout.buffer
while True:
    if hang_up:
        os.close(fd)
        fd = None
        break
    fds = [fd] + ([0] if stdin_open else [])
    try:
        ready, _, _ = select.select(fds, [], [], 0.05)
    except InterruptedError:
        continue
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            break
        out.write(data)
        out.flush()
    if 0 in ready:
        data = os.read(0, 65536)
        if not data:
            stdin_open = False
        else:
            while data:
                n = os.write(fd, data)
                data = data[n:]
                forwarded += n
            if ack_fd is not None:
                os.write(ack_fd, b"%d\n" % forwarded)

_, status = os.waitpid(pid, 0)
if fd is not None and os.environ.get("PTY_RELAY_REPORT_TERMIOS"):
    # the master shares the terminal's settings: after the command, raw mode must be off again
    try:
        lflag = termios.tcgetattr(fd)[3]
        out.write(b"\n[pty-termios icanon=%d echo=%d]\n" % (bool(lflag & termios.ICANON), bool(lflag & termios.ECHO)))
    except termios.error as e:
        out.write(b"\n[pty-termios unavailable: %s]\n" % str(e).encode())
    out.flush()
if os.WIFSIGNALED(status):
    sys.exit(128 + os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
