#version 330 core
// Neutral shading: soft Lambert from a key light above-left-front, a high ambient term so no part goes dark,
// and a gentle rim light that rounds the silhouette. Eyeballs are coloured by the angle from their gaze axis.
in vec3 vCameraNormal;
in vec3 vModelNormal;
in float vTone;

uniform int uMaterial;      // 0 skin, 1 eyeball
uniform vec3 uSkin;
uniform vec3 uSclera;
uniform vec3 uIris;
uniform vec3 uPupil;
uniform vec3 uFeature;      // lash lines and brows
uniform float uCosIris;     // cos of the iris's angular radius on the eyeball
uniform float uCosPupil;

out vec4 fragColor;

const vec3 KEY_LIGHT = vec3(-0.27, 0.40, 0.88);

void main() {
    vec3 n = normalize(vCameraNormal);
    float lambert = max(dot(n, normalize(KEY_LIGHT)), 0.0);
    float rim = pow(1.0 - clamp(n.z, 0.0, 1.0), 3.0);
    vec3 base;
    float ambient;
    if (uMaterial == 0) {
        // The tone is 1 on a lash-line vertex and falls to 0 at the next ring of vertices, millimetres away: the
        // steep curve keeps the line narrow, as a lash line is.
        base = mix(uSkin, uFeature, smoothstep(0.45, 1.0, vTone));
        ambient = 0.5;
    } else {
        // Blend across one pixel's change of angle: multisampling alone cannot smooth an edge drawn in here.
        float alongGaze = normalize(vModelNormal).z;
        float edge = fwidth(alongGaze);
        float irisShare = smoothstep(uCosIris - edge, uCosIris + edge, alongGaze);
        float pupilShare = smoothstep(uCosPupil - edge, uCosPupil + edge, alongGaze);
        base = mix(mix(uSclera, uIris, irisShare), uPupil, pupilShare);
        ambient = 0.65;
    }
    vec3 colour = base * (ambient + (1.0 - ambient) * lambert) + vec3(0.10) * rim;
    fragColor = vec4(min(colour, vec3(1.0)), 1.0);
}
