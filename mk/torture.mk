# Allocation-failure torture (issue 20, docs/hardening.md): allocation N of
# a command fails, for N = 1, 2, ... Not in `make test` yet: it still finds
# answers that change without saying "out of memory" (see the doc).
.PHONY: torture
TORTURE_BIN := $(BUILD)/tests/torture/alloc_torture

$(TORTURE_BIN): tests/torture/alloc_torture.c $(LIB) $(PLAT_OBJ) $(TEST_SUP_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I. -Itests/support -DOQS_SOURCE_DIR='"$(CURDIR)"' \
	    -DOQS_BUILD_DIR='"$(abspath $(BUILD))"' $< -o $@ $(TEST_SUP_OBJ) $(LIB) $(PLAT_OBJ) \
	    $(LDFLAGS) $(CMOCKA_LIBS) $(LIBS)

torture: $(TORTURE_BIN)
	$(TORTURE_BIN)
