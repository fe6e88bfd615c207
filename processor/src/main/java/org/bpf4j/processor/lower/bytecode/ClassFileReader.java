package org.bpf4j.processor.lower.bytecode;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The little of the class file format (JVMS 4) needed to read a method's bytecode: the constant
 * pool and the {@code Code} attribute of one method.
 */
public final class ClassFileReader {
    /** A constant pool entry: its tag and, by tag, the referenced indexes or the value. */
    public record Constant(int tag, int a, int b, Object value) {}

    static final int UTF8 = 1;
    public static final int INTEGER = 3;
    public static final int LONG = 5;
    static final int FIELDREF = 9;
    static final int NAME_AND_TYPE = 12;

    private final Constant[] pool;
    private final byte[] bytes;
    private final int methodsStart;
    private final int methodCount;

    private ClassFileReader(byte[] bytes) throws IOException {
        this.bytes = bytes;
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        pool = new Constant[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8: pool[i] = new Constant(tag, 0, 0, in.readUTF()); break;
                case INTEGER: pool[i] = new Constant(tag, 0, 0, in.readInt()); break;
                case 4: pool[i] = new Constant(tag, 0, 0, in.readFloat()); break;
                case LONG: pool[i] = new Constant(tag, 0, 0, in.readLong()); i++; break;
                case 6: pool[i] = new Constant(tag, 0, 0, in.readDouble()); i++; break;
                case 7: case 8: case 16: case 19: case 20: pool[i] = new Constant(tag, in.readUnsignedShort(), 0, null); break;
                case 15: pool[i] = new Constant(tag, in.readUnsignedByte(), in.readUnsignedShort(), null); break;
                case FIELDREF: case 10: case 11: case NAME_AND_TYPE: case 17: case 18:
                    pool[i] = new Constant(tag, in.readUnsignedShort(), in.readUnsignedShort(), null);
                    break;
                default: throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.skipBytes(2 * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        methodCount = in.readUnsignedShort();
        methodsStart = bytes.length - in.available();
    }

    /** The class file of {@code binaryName} as the processor's class loader sees it, if it can. */
    public static Optional<ClassFileReader> load(String binaryName) {
        try (InputStream in = ClassFileReader.class.getClassLoader().getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
            return in == null ? Optional.empty() : Optional.of(new ClassFileReader(in.readAllBytes()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Constant constant(int index) {
        if (index <= 0 || index >= pool.length || pool[index] == null) {
            throw new IllegalArgumentException("bad constant pool index " + index);
        }
        return pool[index];
    }

    String utf8(int index) {
        return (String) constant(index).value();
    }

    /** The name of the field a {@code Fieldref} names. */
    public String fieldName(int fieldref) {
        return utf8(constant(constant(fieldref).b()).a());
    }

    /** The bytecode of method {@code name} with {@code descriptor}, if the class has it with code. */
    public Optional<byte[]> code(String name, String descriptor) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, methodsStart, bytes.length - methodsStart));
            for (int i = 0; i < methodCount; i++) {
                in.readUnsignedShort();
                String n = utf8(in.readUnsignedShort());
                String d = utf8(in.readUnsignedShort());
                int attributes = in.readUnsignedShort();
                for (int k = 0; k < attributes; k++) {
                    String attr = utf8(in.readUnsignedShort());
                    int length = in.readInt();
                    if (attr.equals("Code") && n.equals(name) && d.equals(descriptor)) {
                        in.skipBytes(4);
                        byte[] code = new byte[in.readInt()];
                        in.readFully(code);
                        return Optional.of(code);
                    }
                    in.skipBytes(length);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
