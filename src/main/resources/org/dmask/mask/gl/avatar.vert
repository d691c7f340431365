#version 330 core
// Face and eyeballs share this program. Positions are in the model's own frame (canonical mesh, or the unit
// eyeball looking down +z); normals go to camera space (x right, y up, z towards the viewer) for lighting.
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in float aTone;      // drawn features of the face (lash lines, brows); 0 on the eyeballs

uniform mat4 uModelToClip;
uniform mat3 uModelToCameraNormal;

out vec3 vCameraNormal;
out vec3 vModelNormal;
out float vTone;

void main() {
    gl_Position = uModelToClip * vec4(aPosition, 1.0);
    vCameraNormal = uModelToCameraNormal * aNormal;
    vModelNormal = aNormal;
    vTone = aTone;
}
