# annals: plain Makefile (STYLE.md section 8).
#   make                 build/annals, build/libannals.a, build/libannals.so
#   make check           unit + golden tests; last line "N passed, N failed"
#   make check SANITIZE=address,undefined    same, under sanitizers (build/san/)
#   make bench           benchmarks (never part of check)
#   make fuzz            libFuzzer targets (clang) in build/fuzz/
#   make golden-update   rewrite golden expectations (review the diff)
# Switches: DEBUG=1 (ANNALS_ASSERT on, -O0 -g), WERROR=1, SANITIZE=..., CC=clang.

CC      ?= cc
PKGS    := libutf8proc zlib jansson libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

WARN    := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-sign-conversion
OPT     := -O2 -g
ifeq ($(DEBUG),1)
OPT     := -O0 -g -DANNALS_DEBUG
endif
ifeq ($(WERROR),1)
WARN    += -Werror
endif

B       := build
ifneq ($(SANITIZE),)
B       := build/san
OPT     += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all -DANNALS_ARENA_MALLOC
LDSAN   := -fsanitize=$(SANITIZE)
endif

CFLAGS_ALL  := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(OPT) -fPIC -fvisibility=hidden \
               -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL  := $(PKG_LIBS) -lpthread -lm $(LDSAN) $(LDFLAGS)

LIB_SRC  := $(sort $(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(B)/obj/%.o)
CLI_SRC  := $(sort $(wildcard tools/*.c))
CLI_OBJ  := $(CLI_SRC:tools/%.c=$(B)/obj/tools/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(B)/bench/%)

.PHONY: all check golden golden-update bench fuzz install clean
PREFIX ?= /usr/local
all: $(B)/annals $(B)/libannals.a $(B)/libannals.so

$(B)/obj/%.o: src/%.c include/annals.h $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DANNALS_BUILD -c -o $@ $<

$(B)/obj/tools/%.o: tools/%.c include/annals.h $(wildcard tools/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/libannals.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libannals.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LDLIBS_ALL)

$(B)/annals: $(CLI_OBJ) $(B)/libannals.a
	$(CC) -o $@ $(CLI_OBJ) $(B)/libannals.a $(LDLIBS_ALL)

$(B)/tests/%: tests/unit/%.c tests/unit/check.h tests/unit/tiny_fixture.h $(B)/libannals.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(B)/libannals.a $(LDLIBS_ALL)

$(B)/bench/%: bench/%.c $(B)/libannals.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(B)/libannals.a $(LDLIBS_ALL)

check: all $(UNIT_BIN)
	@sh tests/run.sh $(B)

golden: all
	@sh tests/golden/run.sh $(B)

golden-update: all
	@sh tests/golden/run.sh $(B) --update

bench: all $(BENCH_BIN)
	@sh bench/run.sh $(B)

FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -fsanitize=fuzzer,address,undefined \
              -Iinclude -Isrc $(PKG_CFLAGS) -DANNALS_ARENA_MALLOC
fuzz:
	@mkdir -p build/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  echo "clang $$n"; \
	  clang $(FUZZ_FLAGS) -o build/fuzz/$$n $$f $(LIB_SRC) $(PKG_LIBS) -lpthread -lm || exit 1; done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/annals
	install -m 755 $(B)/annals $(DESTDIR)$(PREFIX)/bin/annals
	install -m 644 $(B)/libannals.a $(B)/libannals.so $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/annals.h $(DESTDIR)$(PREFIX)/include/annals.h
	if [ -f models/en.annals-model ]; then \
	  install -m 644 models/en.annals-model $(DESTDIR)$(PREFIX)/share/annals/; fi

clean:
	rm -rf build
