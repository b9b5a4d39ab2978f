import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.StackMapFrameInfo;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LocalVariableType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Drops the local variable tables (LocalVariableTable, LocalVariableTypeTable: the names of local
 * variables, for debuggers) from every class in the given jars, in place. Line numbers, source file
 * names, parameter names (MethodParameters), annotations and everything else stay, so stack traces
 * read as before. jlink's --strip-debug does this and more to the JDK's own classes; this is for the
 * image's application jars (./agora image, docs/benchmarks.md#images: −0.8 MB of jars, −1.5 MB of
 * AOT cache, −2 MB resident).
 *
 * <p>Safety: every rewritten class is parsed again and compared with the original, method by
 * method: the same methods, byte-for-byte the same code, exception handlers and stack map frames,
 * and no other attribute lost. A class that differs in anything else is kept as it was (and counted).
 * Signed jars are left alone. Entries keep their order, names and times; module-info.class is not
 * touched.
 *
 * <pre>java deploy/tools/StripLocals.java app/*.jar</pre>
 */
public final class StripLocals {
    private static final ClassFile CLASS_FILE = ClassFile.of();
    private static int withoutTables;
    private static int leftAlone;

    private StripLocals() {
    }

    public static void main(String[] args) throws IOException {
        long before = 0;
        long after = 0;
        int stripped = 0;
        for (String arg : args) {
            Path jar = Path.of(arg);
            before += Files.size(jar);
            if (signed(jar)) {
                System.err.println("strip-locals: " + jar.getFileName() + " is signed, left as it is");
                after += Files.size(jar);
                continue;
            }
            Path rewritten = jar.resolveSibling(jar.getFileName() + ".stripping");
            FileTime modified = Files.getLastModifiedTime(jar);
            try (ZipFile in = new ZipFile(jar.toFile());
                 OutputStream file = Files.newOutputStream(rewritten);
                 ZipOutputStream out = new ZipOutputStream(file)) {
                for (ZipEntry entry : Collections.list(in.entries())) {
                    byte[] data;
                    try (InputStream stream = in.getInputStream(entry)) {
                        data = stream.readAllBytes();
                    }
                    String name = entry.getName();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                        Optional<byte[]> smaller = strip(data);
                        if (smaller.isPresent()) {
                            data = smaller.get();
                            stripped++;
                        }
                    }
                    ZipEntry copy = new ZipEntry(name);
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    out.write(data);
                    out.closeEntry();
                }
            }
            Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(jar, modified);
            after += Files.size(jar);
        }
        System.err.printf("strip-locals: %d classes stripped, %d had no local variable tables, %d left as they were;"
                + " jars %.1f -> %.1f MB%n", stripped, withoutTables, leftAlone, before / 1048576.0, after / 1048576.0);
    }

    private static void leftAlone(ClassModel model, String why) {
        if (leftAlone++ < 10) {
            System.err.println("strip-locals: " + model.thisClass().asInternalName() + " left as it was: " + why);
        }
    }

    private static boolean signed(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName)
                    .anyMatch(name -> name.startsWith("META-INF/") && name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
        }
    }

    /** The class without local variable tables, or empty when it had none or the result is not the same code. */
    private static Optional<byte[]> strip(byte[] original) {
        ClassModel model;
        try {
            model = CLASS_FILE.parse(original);
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
        boolean hasLocals = model.methods().stream()
                .flatMap(method -> method.findAttribute(Attributes.code()).stream())
                .anyMatch(code -> code.findAttribute(Attributes.localVariableTable()).isPresent()
                        || code.findAttribute(Attributes.localVariableTypeTable()).isPresent());
        if (!hasLocals) {
            withoutTables++;
            return Optional.empty();
        }
        byte[] result;
        try {
            result = CLASS_FILE.transformClass(model, ClassTransform.transformingMethodBodies((builder, element) -> {
                if (!(element instanceof LocalVariable) && !(element instanceof LocalVariableType)) {
                    builder.with(element);
                }
            }));
        } catch (RuntimeException cannot) {
            leftAlone(model, cannot.toString());
            return Optional.empty();
        }
        if (!sameCode(model, CLASS_FILE.parse(result))) {
            leftAlone(model, "the rewritten class differs in more than its local variable tables");
            return Optional.empty();
        }
        return Optional.of(result);
    }

    private static boolean sameCode(ClassModel original, ClassModel stripped) {
        if (original.majorVersion() != stripped.majorVersion() || original.flags().flagsMask() != stripped.flags().flagsMask()
                || !original.thisClass().asInternalName().equals(stripped.thisClass().asInternalName())
                || !attributeNames(original.attributes()).equals(attributeNames(stripped.attributes()))
                || original.fields().size() != stripped.fields().size()
                || original.methods().size() != stripped.methods().size()) {
            return false;
        }
        for (int i = 0; i < original.methods().size(); i++) {
            MethodModel before = original.methods().get(i);
            MethodModel after = stripped.methods().get(i);
            if (!before.methodName().equalsString(after.methodName().stringValue())
                    || !before.methodType().equalsString(after.methodType().stringValue())
                    || before.flags().flagsMask() != after.flags().flagsMask()
                    || !attributeNames(before.attributes()).equals(attributeNames(after.attributes()))) {
                return false;
            }
            Optional<CodeAttribute> codeBefore = before.findAttribute(Attributes.code());
            Optional<CodeAttribute> codeAfter = after.findAttribute(Attributes.code());
            if (codeBefore.isPresent() != codeAfter.isPresent()) {
                return false;
            }
            if (codeBefore.isPresent() && !sameCode(codeBefore.get(), codeAfter.get())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameCode(CodeAttribute before, CodeAttribute after) {
        List<String> namesBefore = attributeNames(before.attributes()).stream()
                .filter(name -> !name.equals("LocalVariableTable") && !name.equals("LocalVariableTypeTable")).toList();
        return before.maxStack() == after.maxStack()
                && before.maxLocals() == after.maxLocals()
                && Arrays.equals(before.codeArray(), after.codeArray())
                && namesBefore.equals(attributeNames(after.attributes()))
                && handlers(before).equals(handlers(after))
                && stackMaps(before).equals(stackMaps(after))
                && lineNumbers(before).equals(lineNumbers(after));
    }

    private static List<String> handlers(CodeAttribute code) {
        return code.exceptionHandlers().stream()
                .map(handler -> code.labelToBci(handler.tryStart()) + "-" + code.labelToBci(handler.tryEnd()) + ">"
                        + code.labelToBci(handler.handler()) + ":"
                        + handler.catchType().map(type -> type.asInternalName()).orElse("*"))
                .toList();
    }

    private static List<String> stackMaps(CodeAttribute code) {
        return code.findAttribute(Attributes.stackMapTable()).map(table -> table.entries().stream()
                .map(frame -> frame.frameType() + "@" + code.labelToBci(frame.target())
                        + " L" + types(code, frame.locals()) + " S" + types(code, frame.stack()))
                .toList()).orElse(List.of());
    }

    private static String types(CodeAttribute code, List<StackMapFrameInfo.VerificationTypeInfo> types) {
        return types.stream().map(type -> switch (type) {
            case StackMapFrameInfo.ObjectVerificationTypeInfo object -> "O" + object.className().asInternalName();
            case StackMapFrameInfo.UninitializedVerificationTypeInfo uninitialized -> "U" + code.labelToBci(uninitialized.newTarget());
            case StackMapFrameInfo.SimpleVerificationTypeInfo simple -> simple.name();
        }).toList().toString();
    }

    private static List<String> lineNumbers(CodeAttribute code) {
        return code.findAttribute(Attributes.lineNumberTable())
                .map(table -> table.lineNumbers().stream().map(line -> line.startPc() + ":" + line.lineNumber()).toList())
                .orElse(List.of());
    }

    /** The attributes' names, sorted: their order carries no meaning (the rewrite may change it). */
    private static List<String> attributeNames(List<? extends java.lang.classfile.Attribute<?>> attributes) {
        return attributes.stream().map(attribute -> attribute.attributeName().stringValue()).sorted().toList();
    }
}
