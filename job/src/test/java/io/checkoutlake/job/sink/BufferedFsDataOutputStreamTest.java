package io.checkoutlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.junit.jupiter.api.Test;

class BufferedFsDataOutputStreamTest {

    /** A delegate that keeps its bytes and tells each call it got. */
    private static final class Recording extends FSDataOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();
        int flushes;
        int syncs;
        int closes;
        boolean failWrites;

        @Override
        public long getPos() {
            return bytes.size();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failWrites) {
                throw new IOException("injected");
            }
            writes.add(len);
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void sync() {
            syncs++;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private final Recording delegate = new Recording();
    private final BufferedFsDataOutputStream out = new BufferedFsDataOutputStream(delegate, 16);

    @Test
    void smallWritesAreBufferedAndThePositionCountsThem() throws IOException {
        out.write(1);
        out.write(new byte[] {2, 3, 4}, 0, 3);
        assertThat(delegate.writes).isEmpty();
        assertThat(out.getPos()).isEqualTo(4);

        out.write(new byte[12], 0, 12); // fills the buffer exactly: still not written out
        assertThat(delegate.writes).isEmpty();
        assertThat(out.getPos()).isEqualTo(16);

        out.write(5); // a full buffer goes out before the next byte
        assertThat(delegate.writes).containsExactly(16);
        assertThat(out.getPos()).isEqualTo(17);
        assertThat(delegate.getPos()).isEqualTo(16);
    }

    @Test
    void aWriteThatDoesNotFitSendsTheBufferFirst() throws IOException {
        out.write(new byte[10], 0, 10);
        out.write(new byte[10], 0, 10);
        assertThat(delegate.writes).containsExactly(10);
        assertThat(out.getPos()).isEqualTo(20);
    }

    @Test
    void largeWritesBypassTheBufferInOrder() throws IOException {
        out.write(new byte[] {1, 2, 3}, 0, 3);
        byte[] large = new byte[40];
        Arrays.fill(large, (byte) 9);
        out.write(large, 5, 30);
        assertThat(delegate.writes).containsExactly(3, 30);
        assertThat(out.getPos()).isEqualTo(33);
        out.write(new byte[16], 0, 16); // exactly the buffer's size: passed on as is
        assertThat(delegate.writes).containsExactly(3, 30, 16);
    }

    @Test
    void theBytesArriveUnchangedWhateverTheWriteSizes() throws IOException {
        Random random = new Random(14);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000; i++) {
            if (random.nextInt(4) == 0) {
                int b = random.nextInt(256);
                out.write(b);
                expected.write(b);
            } else {
                byte[] chunk = new byte[random.nextInt(40)];
                random.nextBytes(chunk);
                int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                int len = random.nextInt(chunk.length - off + 1);
                out.write(chunk, off, len);
                expected.write(chunk, off, len);
            }
            assertThat(out.getPos()).isEqualTo(expected.size());
        }
        out.close();
        assertThat(delegate.bytes.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void flushAndSyncWriteTheBufferThenFlushTheDelegate() throws IOException {
        out.write(new byte[5], 0, 5);
        out.flush();
        assertThat(delegate.writes).containsExactly(5);
        assertThat(delegate.flushes).isEqualTo(1);
        out.write(new byte[3], 0, 3);
        out.sync();
        assertThat(delegate.writes).containsExactly(5, 3);
        assertThat(delegate.syncs).isEqualTo(1);
        out.flush(); // nothing buffered: no empty write
        assertThat(delegate.writes).containsExactly(5, 3);
        assertThat(delegate.flushes).isEqualTo(2);
    }

    @Test
    void flushBufferHandsOverTheBytesWithoutFlushingOrClosing() throws IOException {
        out.write(new byte[7], 0, 7);
        out.flushBuffer();
        assertThat(delegate.writes).containsExactly(7);
        assertThat(delegate.flushes).isZero();
        assertThat(delegate.closes).isZero();
        assertThat(out.getPos()).isEqualTo(7);
        out.flushBuffer();
        assertThat(delegate.writes).containsExactly(7);
    }

    @Test
    void closeWritesTheBufferAndClosesTheDelegateOnce() throws IOException {
        out.write(new byte[4], 0, 4);
        out.close();
        out.close();
        assertThat(delegate.writes).containsExactly(4);
        assertThat(delegate.closes).isEqualTo(1);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[2], 0, 2)).isInstanceOf(IOException.class);
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class);
    }

    @Test
    void closeClosesTheDelegateEvenWhenTheLastWriteFails() {
        Recording failing = new Recording();
        BufferedFsDataOutputStream stream = new BufferedFsDataOutputStream(failing, 16);
        assertThatThrownBy(
                        () -> {
                            stream.write(new byte[4], 0, 4);
                            failing.failWrites = true;
                            stream.close();
                        })
                .hasMessage("injected");
        assertThat(failing.closes).isEqualTo(1);
    }

    @Test
    void discardClosesTheDelegateWithoutWritingTheBuffer() throws IOException {
        out.write(new byte[4], 0, 4);
        out.discard();
        out.close();
        assertThat(delegate.writes).isEmpty();
        assertThat(delegate.closes).isEqualTo(1);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> out.write(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new BufferedFsDataOutputStream(delegate, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
