package fixture;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
class AdditionTest {
    @Test void adds() { assertEquals(4, 2 + 2); }
}
