# bash completion for joinery: commands, flags, provider names and their keys.
#
# Nothing here lists a flag or a key: flags are read from `joinery COMMAND --help`
# and providers, backends and keys from `joinery plugins list` (the plugins' own key
# descriptions), so completion follows the installed binary and plugins. The plugin
# list is read once per shell. Written for bash and for zsh's bashcompinit alike, so
# it uses only COMP_WORDS, COMP_CWORD, compgen and COMPREPLY.

# COMPREPLY: the words of $3 (newline- or space-separated) that start with $2, each
# with $1 put before it. Matched here, not by compgen -W, which zsh emulates with
# differences.
_joinery_reply() {
  local prefix=$1 cur=$2 word
  COMPREPLY=()
  for word in $(printf "%s\n" "$3"); do  # split alike in bash and zsh
    [[ $word == "$cur"* ]] && COMPREPLY+=("$prefix$word")
  done
}

# "KIND NAME KEY" lines (KEY empty for a plugin without keys), from `plugins list`.
_joinery_plugin_keys() {
  if [[ -z ${_joinery_plugins_cache+set} ]]; then
    _joinery_plugins_cache=$("${1:-joinery}" plugins list 2>/dev/null | awk '
      /^(provider|backend) [^ ]+:/ { kind = $1; name = substr($2, 1, length($2) - 1); keys = 0
                                     print kind " " name " "; next }
      /^  keys:/ { keys = 1; next }
      /^  [a-z]+:/ { keys = 0; next }
      keys && /^    [^ ]/ { print kind " " name " " $1 }')
  fi
  printf '%s\n' "$_joinery_plugins_cache"
}

_joinery_names() {  # KIND: the provider or backend names
  _joinery_plugin_keys "$2" | awk -v kind="$1" '$1 == kind { print $2 }' | sort -u
}

# Completes the word of a provider string being typed (`provider=NAME key=value ...`,
# as one quoted word or as several words, as `joinery discover` takes them).
_joinery_provider_string() {
  local cur=$1 line=$2 binary=$3 prefix="" part=$1
  if [[ $cur == *" "* ]]; then  # inside a quoted string: complete its last part
    prefix=${cur% *}" "
    part=${cur##* }
  fi
  if [[ $part == provider=* ]]; then
    _joinery_reply "${prefix}provider=" "${part#provider=}" "$(_joinery_names provider "$binary")"
    return
  fi
  local provider
  provider=$(sed -n 's/.*provider=\([^ "'"'"']*\).*/\1/p' <<<"$line" | tail -n 1)
  if [[ -z $provider ]]; then
    _joinery_reply "$prefix" "$part" "provider="
  elif [[ $part != *=* ]]; then
    local keys
    keys=$(_joinery_plugin_keys "$binary" | awk -v name="$provider" '$1 == "provider" && $2 == name && $3 != "" { print $3 "=" }')
    _joinery_reply "$prefix" "$part" "$keys"
  fi
  [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
}

_joinery_paths() {  # -f files or -d directories starting with $2, one a line
  local IFS=$'\n'
  COMPREPLY=($(compgen "$1" -- "$2"))
}

_joinery() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local binary=${COMP_WORDS[0]} command=${COMP_WORDS[1]}
  cur=${cur#[\'\"]}
  COMPREPLY=()
  if ((COMP_CWORD == 1)); then
    _joinery_reply "" "$cur" "run validate discover plugins version help"
    return
  fi
  case $prev in
    --config | -config | --summary | -summary) _joinery_paths -f "$cur"; return ;;
    --config-dir | -config-dir | --plugin-dir | -plugin-dir) _joinery_paths -d "$cur"; return ;;
    --log-level | -log-level) _joinery_reply "" "$cur" "trace debug info warn error off"; return ;;
    --retry-backoff | -retry-backoff) _joinery_reply "" "$cur" "fixed exponential"; return ;;
    --help-provider | -help-provider) _joinery_reply "" "$cur" "$(_joinery_names provider "$binary")"; return ;;
    --join-backend | -join-backend)
      [[ $cur != *" "* ]] && _joinery_reply "" "$cur" "$(_joinery_names backend "$binary")"
      return ;;
    --retry-join | -retry-join | --retry-join-wan | -retry-join-wan)
      _joinery_provider_string "$cur" "$cur" "$binary"; return ;;
  esac
  if [[ $command == plugins && COMP_CWORD -eq 2 && $cur != -* ]]; then
    _joinery_reply "" "$cur" "list inspect"
  elif [[ $command == help && COMP_CWORD -eq 2 ]]; then
    _joinery_reply "" "$cur" "run validate discover plugins version"
  elif [[ $cur == -* ]]; then
    local flags
    flags=$("$binary" "$command" --help 2>/dev/null | sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p')
    _joinery_reply "" "$cur" "$flags"
  elif [[ $command == discover ]]; then
    _joinery_provider_string "$cur" "${COMP_WORDS[*]:2}" "$binary"
  fi
}

complete -F _joinery joinery
