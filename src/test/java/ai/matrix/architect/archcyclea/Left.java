package ai.matrix.architect.archcyclea;

import ai.matrix.architect.archcycleb.Right;

/** Half of a package cycle the architecture rules must refuse. */
public class Left {
    public Right right() {
        return new Right();
    }
}
