package org.dmask.mask.gl;

import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarStyle;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.ClipTransforms;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.FaceFeatures;
import org.dmask.mask.avatar.GenericEye;
import org.dmask.mask.avatar.Pose;
import org.dmask.mask.avatar.Rotations;

import static org.lwjgl.opengl.GL30C.*;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Renders the generic avatar with one frame's motion, off screen, on the thread that created it (its own EGL
 * context). Frames are pipelined one deep: {@link #submit} draws frame N, starts its read-back and returns
 * frame N−1's pixels; {@link #flush} returns the last one. Order is kept.
 *
 * <p>Fails closed: an untracked frame is drawn as the plain background, and counted.
 */
public final class AvatarRenderer implements AutoCloseable {

    /** Face vertices: position, normal and tone (see {@link FaceFeatures}); eyeball vertices: position, normal. */
    private static final int FACE_FLOATS_PER_VERTEX = AvatarGeometry.FLOATS_PER_VERTEX;
    private static final int EYE_FLOATS_PER_VERTEX = 6;

    private final RenderSettings settings;
    private final EglContext context;
    private boolean closed;
    private final AvatarGeometry geometry;
    private final ShaderProgram program;
    private final float[] faceVertices = new float[AvatarMesh.VERTEX_COUNT * FACE_FLOATS_PER_VERTEX];
    private final int[] faceBuffers = new int[3];
    private final int[] eyeBuffers = new int[3];
    private final int faceIndexCount;
    private final int eyeIndexCount;
    private final ArrayDeque<AvatarFrame> inFlight = new ArrayDeque<>(2);
    private final Uniforms uniforms;
    private OffscreenFramebuffer target;
    private PixelReadback readback;
    private long renderedFrames;
    private long neutralFrames;

    /** Opens an EGL context on the calling thread; use this renderer from that thread only. */
    public AvatarRenderer(AvatarMesh mesh, RenderSettings settings) {
        this.settings = settings;
        this.geometry = new AvatarGeometry(mesh);
        this.context = EglContext.createCurrent(settings.device());
        try {
            program = new ShaderProgram("avatar.vert", "avatar.frag");
            uniforms = new Uniforms(program);
            int[] faceTriangles = geometry.triangles();
            faceIndexCount = faceTriangles.length;
            upload(faceBuffers, faceVertices, FACE_FLOATS_PER_VERTEX, faceTriangles, GL_DYNAMIC_DRAW);
            SphereMesh sphere = new SphereMesh(32, 48);
            eyeIndexCount = sphere.triangles.length;
            upload(eyeBuffers, sphere.vertices, EYE_FLOATS_PER_VERTEX, sphere.triangles, GL_STATIC_DRAW);
            setConstantUniforms();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * Vertex array, vertex buffer and index buffer: position at location 0, normal at 1, and the tone at 2 where
     * the vertices carry one (elsewhere the attribute reads 0).
     */
    private static void upload(int[] ids, float[] vertices, int floatsPerVertex, int[] indices, int usage) {
        ids[0] = glGenVertexArrays();
        glBindVertexArray(ids[0]);
        ids[1] = glGenBuffers();
        glBindBuffer(GL_ARRAY_BUFFER, ids[1]);
        glBufferData(GL_ARRAY_BUFFER, vertices, usage);
        ids[2] = glGenBuffers();
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ids[2]);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, indices, GL_STATIC_DRAW);
        int stride = floatsPerVertex * Float.BYTES;
        glVertexAttribPointer(0, 3, GL_FLOAT, false, stride, 0L);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(1, 3, GL_FLOAT, false, stride, 3L * Float.BYTES);
        glEnableVertexAttribArray(1);
        if (floatsPerVertex > 6) {
            glVertexAttribPointer(2, 1, GL_FLOAT, false, stride, 6L * Float.BYTES);
            glEnableVertexAttribArray(2);
        } else {
            glVertexAttrib1f(2, 0f);
        }
        glBindVertexArray(0);
    }

    private void setConstantUniforms() {
        AvatarStyle style = settings.style();
        glUseProgram(program.id);
        glUniform3fv(uniforms.skin, AvatarStyle.unit(style.skin()));
        glUniform3fv(uniforms.sclera, AvatarStyle.unit(style.sclera()));
        glUniform3fv(uniforms.iris, AvatarStyle.unit(style.iris()));
        glUniform3fv(uniforms.pupil, AvatarStyle.unit(style.pupil()));
        glUniform3fv(uniforms.feature, AvatarStyle.unit(style.feature()));
        // Both generic eyes are mirror images, so either gives the angles.
        glUniform1f(uniforms.cosIris, geometry.rightEye.cosIrisAngle());
        glUniform1f(uniforms.cosPupil, geometry.rightEye.cosPupilAngle());
    }

    public RenderPath path() {
        return context.path();
    }

    public String glRenderer() {
        return context.renderer();
    }

    /** Frames drawn so far, and how many of them were neutral because untracked. */
    public long renderedFrames() {
        return renderedFrames;
    }

    public long neutralFrames() {
        return neutralFrames;
    }

    /** Draws this frame and returns the previous one's pixels, if a previous one was pending. */
    public Optional<RenderedFrame> submit(AvatarFrame frame) {
        context.checkThread();
        RenderedFrame previous = null;
        if (target == null || target.width != frame.width() || target.height != frame.height()) {
            previous = flushInternal();
            resize(frame.width(), frame.height());
        }
        draw(frame);
        target.resolveForReading();
        byte[] pixels = readback.startReadAndCollectPrevious();
        inFlight.addLast(frame);
        if (pixels != null) {
            previous = toRendered(pixels);
        }
        return Optional.ofNullable(previous);
    }

    /** The last submitted frame's pixels, if one is pending. */
    public Optional<RenderedFrame> flush() {
        context.checkThread();
        return Optional.ofNullable(flushInternal());
    }

    /** Renders one frame and waits for it; nothing may be pending. */
    public RenderedFrame render(AvatarFrame frame) {
        if (!inFlight.isEmpty()) {
            throw new IllegalStateException("a submitted frame is pending; flush() first");
        }
        Optional<RenderedFrame> none = submit(frame);
        assert none.isEmpty();
        return flush().orElseThrow();
    }

    private RenderedFrame flushInternal() {
        if (readback == null) {
            return null;
        }
        byte[] pixels = readback.collectPending();
        return pixels == null ? null : toRendered(pixels);
    }

    private RenderedFrame toRendered(byte[] pixels) {
        AvatarFrame source = inFlight.removeFirst();
        return new RenderedFrame(source, source.width(), source.height(), pixels, !source.tracked());
    }

    private void resize(int width, int height) {
        if (target != null) {
            readback.close();
            target.close();
        }
        target = new OffscreenFramebuffer(width, height, settings.samples());
        readback = new PixelReadback(width, height);
    }

    private void draw(AvatarFrame frame) {
        target.bindForDrawing();
        int[] background = settings.style().background();
        glClearColor(background[0] / 255f, background[1] / 255f, background[2] / 255f, 1f);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
        renderedFrames++;
        if (!frame.tracked()) {
            neutralFrames++;
            return;
        }
        glEnable(GL_DEPTH_TEST);
        glDepthFunc(GL_LESS);
        glUseProgram(program.id);

        Pose pose = frame.pose();
        float[] faceToClip = ClipTransforms.faceToClip(pose, frame.width(), frame.height());
        float[] headRotation = pose.rotation();

        geometry.build(frame, faceVertices);
        glBindVertexArray(faceBuffers[0]);
        glBindBuffer(GL_ARRAY_BUFFER, faceBuffers[1]);
        glBufferSubData(GL_ARRAY_BUFFER, 0, faceVertices);
        drawPart(faceToClip, headRotation, 0, faceIndexCount);

        glBindVertexArray(eyeBuffers[0]);
        drawEye(geometry.rightEye, frame.rightEye(), faceToClip, headRotation);
        drawEye(geometry.leftEye, frame.leftEye(), faceToClip, headRotation);
        glBindVertexArray(0);
    }

    private void drawEye(GenericEye eye, EyeMotion motion, float[] faceToClip, float[] headRotation) {
        float[] gaze = ClipTransforms.gazeRotation(motion);
        float[] eyeToClip = ClipTransforms.multiply(faceToClip, ClipTransforms.eyeToCanonical(eye, gaze));
        drawPart(eyeToClip, Rotations.multiply(headRotation, gaze), 1, eyeIndexCount);
    }

    private void drawPart(float[] modelToClip, float[] normalRotation, int material, int indexCount) {
        // Row-major matrices, hence transpose = true.
        glUniformMatrix4fv(uniforms.modelToClip, true, modelToClip);
        glUniformMatrix3fv(uniforms.modelToCameraNormal, true, normalRotation);
        glUniform1i(uniforms.material, material);
        glDrawElements(GL_TRIANGLES, indexCount, GL_UNSIGNED_INT, 0L);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        context.checkThread();
        closed = true;
        if (readback != null) {
            readback.close();
            target.close();
        }
        glDeleteVertexArrays(faceBuffers[0]);
        glDeleteBuffers(new int[] {faceBuffers[1], faceBuffers[2], eyeBuffers[1], eyeBuffers[2]});
        glDeleteVertexArrays(eyeBuffers[0]);
        program.close();
        context.close();
    }

    /** Uniform locations of the avatar program. */
    private static final class Uniforms {
        final int modelToClip;
        final int modelToCameraNormal;
        final int material;
        final int skin;
        final int sclera;
        final int iris;
        final int pupil;
        final int feature;
        final int cosIris;
        final int cosPupil;

        Uniforms(ShaderProgram program) {
            modelToClip = program.uniform("uModelToClip");
            modelToCameraNormal = program.uniform("uModelToCameraNormal");
            material = program.uniform("uMaterial");
            skin = program.uniform("uSkin");
            sclera = program.uniform("uSclera");
            iris = program.uniform("uIris");
            pupil = program.uniform("uPupil");
            feature = program.uniform("uFeature");
            cosIris = program.uniform("uCosIris");
            cosPupil = program.uniform("uCosPupil");
        }
    }
}
