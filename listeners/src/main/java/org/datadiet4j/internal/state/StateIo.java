package org.datadiet4j.internal.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Length-prefixed primitive arrays (null as length −1) for {@link org.datadiet4j.resume.Resumable} parts. */
public final class StateIo {

    private StateIo() {
    }

    public static void writeInts(DataOutput out, int[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            for (int v : values) {
                out.writeInt(v);
            }
        }
    }

    public static int[] readInts(DataInput in) throws IOException {
        int length = readLength(in);
        if (length < 0) {
            return null;
        }
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    public static void writeFloats(DataOutput out, float[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            for (float v : values) {
                out.writeFloat(v);
            }
        }
    }

    public static float[] readFloats(DataInput in) throws IOException {
        int length = readLength(in);
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    public static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            for (double v : values) {
                out.writeDouble(v);
            }
        }
    }

    public static double[] readDoubles(DataInput in) throws IOException {
        int length = readLength(in);
        if (length < 0) {
            return null;
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    public static void writeBytes(DataOutput out, byte[] values) throws IOException {
        out.writeInt(values.length);
        out.write(values);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        int length = readLength(in);
        if (length < 0) {
            throw new IOException("the state holds a byte array of negative length " + length);
        }
        byte[] values = new byte[length];
        in.readFully(values);
        return values;
    }

    /** Fails unless a saved array has the length this part needs. */
    public static void requireLength(String what, int expected, int actual) throws IOException {
        if (expected != actual) {
            throw new IOException("the saved " + what + " holds " + actual + " values, this one needs " + expected
                    + ": restore into a twin built on the same examples");
        }
    }

    private static int readLength(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < -1) {
            throw new IOException("the state holds an array of length " + length + ": the file is damaged");
        }
        return length;
    }
}
