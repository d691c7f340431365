package org.dmask.model.install;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's canonical face as a Wavefront OBJ, decoded from {@code geometry_pipeline_metadata_landmarks.binarypb}
 * (proto2 {@code mediapipe.face_geometry.GeometryPipelineMetadata}: field 1 {@code canonical_mesh}, a {@code Mesh3d}
 * with 1 {@code vertex_type} (0 = VERTEX_PT: x, y, z, u, v per vertex), 2 {@code primitive_type} (0 = TRIANGLE),
 * 3 {@code vertex_buffer} (float), 4 {@code index_buffer} (uint32)). The OBJ lists {@code v x y z}, then
 * {@code vt u v}, then {@code f a/a b/b c/c} with 1-based indices, numbers to 6 decimals rounded as C's printf
 * rounds them: the same bytes as MediaPipe's {@code canonical_face_model.obj}.
 */
final class CanonicalMeshBuilder {

    private static final int CANONICAL_MESH = 1;
    private static final int VERTEX_TYPE = 1;
    private static final int PRIMITIVE_TYPE = 2;
    private static final int VERTEX_BUFFER = 3;
    private static final int INDEX_BUFFER = 4;

    private CanonicalMeshBuilder() {
    }

    /** The OBJ text of the metadata's canonical mesh. */
    static byte[] obj(byte[] metadata) {
        byte[] mesh = null;
        Protobuf top = new Protobuf(metadata);
        while (top.next()) {
            if (top.field() == CANONICAL_MESH && top.wireType() == Protobuf.LENGTH_DELIMITED) {
                mesh = top.bytes();
            } else {
                top.skip();
            }
        }
        if (mesh == null) {
            throw new InstallException("geometry metadata has no canonical mesh (field 1)");
        }
        List<Float> vertexBuffer = new ArrayList<>();
        List<Long> indexBuffer = new ArrayList<>();
        Protobuf m = new Protobuf(mesh);
        while (m.next()) {
            switch (m.field()) {
                case VERTEX_TYPE, PRIMITIVE_TYPE -> {
                    long v = m.varint();
                    if (v != 0) {
                        throw new InstallException("canonical mesh: field " + m.field() + " = " + v
                                + ", only VERTEX_PT triangles (0) are known");
                    }
                }
                case VERTEX_BUFFER -> m.floats(vertexBuffer);
                case INDEX_BUFFER -> m.varints(indexBuffer);
                default -> m.skip();
            }
        }
        if (vertexBuffer.isEmpty() || vertexBuffer.size() % 5 != 0 || indexBuffer.size() % 3 != 0) {
            throw new InstallException("canonical mesh: " + vertexBuffer.size() + " vertex floats (not 5 per vertex) or "
                    + indexBuffer.size() + " indices (not 3 per triangle)");
        }
        int vertices = vertexBuffer.size() / 5;
        StringBuilder obj = new StringBuilder(64 * vertices);
        for (int i = 0; i < vertices; i++) {
            obj.append("v ").append(fixed6(vertexBuffer.get(5 * i))).append(' ').append(fixed6(vertexBuffer.get(5 * i + 1)))
                    .append(' ').append(fixed6(vertexBuffer.get(5 * i + 2))).append('\n');
        }
        for (int i = 0; i < vertices; i++) {
            obj.append("vt ").append(fixed6(vertexBuffer.get(5 * i + 3))).append(' ')
                    .append(fixed6(vertexBuffer.get(5 * i + 4))).append('\n');
        }
        for (int t = 0; t < indexBuffer.size(); t += 3) {
            obj.append('f');
            for (int k = 0; k < 3; k++) {
                long index = indexBuffer.get(t + k);
                if (index >= vertices) {
                    throw new InstallException("canonical mesh: triangle index " + index + " >= " + vertices
                            + " vertices");
                }
                obj.append(' ').append(index + 1).append('/').append(index + 1);
            }
            obj.append('\n');
        }
        return obj.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code printf("%.6f")} of a float: the exact binary value rounded half-even, "-" kept for negatives that round
     * to zero. (Java's own %.6f rounds the shortest decimal string, which can differ in the last digit.)
     */
    static String fixed6(float f) {
        String s = new BigDecimal(f).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = f < 0 || (f == 0 && 1 / f < 0);
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    /** Just enough of the protobuf wire format for these two messages. */
    static final class Protobuf {

        static final int VARINT = 0;
        static final int FIXED64 = 1;
        static final int LENGTH_DELIMITED = 2;
        static final int FIXED32 = 5;

        private final byte[] b;
        private int pos;
        private int field;
        private int wireType;

        Protobuf(byte[] b) {
            this.b = b;
        }

        boolean next() {
            if (pos >= b.length) {
                return false;
            }
            long key = readVarint();
            field = (int) (key >>> 3);
            wireType = (int) (key & 7);
            return true;
        }

        int field() {
            return field;
        }

        int wireType() {
            return wireType;
        }

        long varint() {
            expect(VARINT);
            return readVarint();
        }

        byte[] bytes() {
            expect(LENGTH_DELIMITED);
            int len = length();
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return out;
        }

        /** A repeated float, packed or not. */
        void floats(List<Float> out) {
            if (wireType == FIXED32) {
                out.add(Float.intBitsToFloat(fixed32()));
                return;
            }
            expect(LENGTH_DELIMITED);
            int end = pos + length();
            while (pos < end) {
                out.add(Float.intBitsToFloat(fixed32()));
            }
        }

        /** A repeated uint32, packed or not. */
        void varints(List<Long> out) {
            if (wireType == VARINT) {
                out.add(readVarint());
                return;
            }
            expect(LENGTH_DELIMITED);
            int end = pos + length();
            while (pos < end) {
                out.add(readVarint());
            }
        }

        void skip() {
            switch (wireType) {
                case VARINT -> readVarint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> advance(length());
                case FIXED32 -> advance(4);
                default -> throw new InstallException("geometry metadata: unknown protobuf wire type " + wireType
                        + " (field " + field + ")");
            }
        }

        private int fixed32() {
            advance(4);
            return (b[pos - 4] & 0xff) | (b[pos - 3] & 0xff) << 8 | (b[pos - 2] & 0xff) << 16 | (b[pos - 1] & 0xff) << 24;
        }

        private int length() {
            long len = readVarint();
            if (len < 0 || pos + len > b.length) {
                throw new InstallException("geometry metadata: field " + field + " runs past the end");
            }
            return (int) len;
        }

        private void advance(int n) {
            if (pos + n > b.length) {
                throw new InstallException("geometry metadata: field " + field + " runs past the end");
            }
            pos += n;
        }

        private long readVarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) {
                    throw new InstallException("geometry metadata: a number runs past the end");
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new InstallException("geometry metadata: malformed number");
        }

        private void expect(int type) {
            if (wireType != type) {
                throw new InstallException("geometry metadata: field " + field + " has wire type " + wireType
                        + ", expected " + type);
            }
        }
    }
}
