/* engine.c: the engine: configuration, allocator, and the loaded NLP model.
** Read-only after annals_engine_open returns, so docs on several threads share it. */
#include "doc_int.h"

#include <stdio.h>
#include <string.h>

annals_status annals_engine_open(const annals_config *cfg, annals_engine **out, char *errbuf,
                                 size_t errlen)
{
  an_mem m;
  annals_engine *e;
  *out = NULL;
  if (errbuf && errlen) errbuf[0] = '\0';
  an_mem_init(&m, cfg ? cfg->realloc_fn : NULL, cfg ? cfg->ud : NULL);
  e = an_mem_calloc(&m, 1, sizeof *e);
  if (!e) return ANNALS_ENOMEM;
  e->mem = m;
  if (cfg) { e->log_fn = cfg->log_fn; e->ud = cfg->ud; }
  if (cfg && cfg->model_path) {
    annals_status rc = an_engine_load_model(e, cfg->model_path, errbuf, errlen);
    if (rc != ANNALS_OK) { annals_engine_close(e); return rc; }
  }
  if (cfg && cfg->dict) {
    annals_status rc = an_engine_load_dict(e, cfg, errbuf, errlen);
    if (rc != ANNALS_OK) { annals_engine_close(e); return rc; }
  }
  *out = e;
  return ANNALS_OK;
}

int annals_engine_has_model(const annals_engine *e) { return e && e->model; }

void annals_engine_close(annals_engine *e)
{
  an_mem m;
  if (!e) return;
  an_engine_free_model(e);
  an_engine_free_dict(e);
  m = e->mem;
  an_mem_free(&m, e, sizeof *e);
}
