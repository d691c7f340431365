package org.dmask.mask.gl;

import static org.lwjgl.opengl.GL20C.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A linked vertex+fragment program from GLSL sources on the class path; compile errors carry the GL log. */
final class ShaderProgram implements AutoCloseable {

    final int id;

    ShaderProgram(String vertexResource, String fragmentResource) {
        int vertex = compile(GL_VERTEX_SHADER, vertexResource);
        int fragment = compile(GL_FRAGMENT_SHADER, fragmentResource);
        id = glCreateProgram();
        glAttachShader(id, vertex);
        glAttachShader(id, fragment);
        glLinkProgram(id);
        glDeleteShader(vertex);
        glDeleteShader(fragment);
        if (glGetProgrami(id, GL_LINK_STATUS) != GL_TRUE) {
            String log = glGetProgramInfoLog(id);
            glDeleteProgram(id);
            throw new IllegalStateException("shader program does not link: " + log);
        }
    }

    private static int compile(int type, String resource) {
        int shader = glCreateShader(type);
        glShaderSource(shader, read(resource));
        glCompileShader(shader);
        if (glGetShaderi(shader, GL_COMPILE_STATUS) != GL_TRUE) {
            String log = glGetShaderInfoLog(shader);
            glDeleteShader(shader);
            throw new IllegalStateException(resource + " does not compile: " + log);
        }
        return shader;
    }

    private static String read(String resource) {
        try (InputStream in = ShaderProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shader source missing from the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int uniform(String name) {
        int location = glGetUniformLocation(id, name);
        if (location < 0) {
            throw new IllegalStateException("no active uniform " + name);
        }
        return location;
    }

    @Override
    public void close() {
        glDeleteProgram(id);
    }
}
