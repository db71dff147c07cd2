#!/bin/bash
# completion.sh LOCKGRAPH COMPLETION: the bash completion offers the commands, analyze's
# options, their values (the same --kind and --context names lockgraph itself takes) and
# files, with bash's own word splitting at '=' and without it.
set -u
lg=$1 comp=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/completion: $*" >&2; exit 1; }

# shellcheck source=/dev/null
. "$comp" || fail "cannot source $comp"
complete -p lockgraph >/dev/null 2>&1 || fail "no completion registered for lockgraph"

# expect 'WORD...' 'REPLY...': complete the last WORD (COMP_CWORD is the last word) and
# compare the sorted replies
expect() {
	local words=$1 want=$2 got
	read -r -a COMP_WORDS <<<"$words"
	# a trailing space means an empty word to complete
	[[ $words == *' ' ]] && COMP_WORDS+=('')
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$words
	COMP_POINT=${#words}
	_lockgraph lockgraph "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
	# shellcheck disable=SC2086 # one name a word
	want=$(printf '%s\n' $want | sort | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "'$words<TAB>': got '$got', expected '$want'"
}

# names lockgraph accepts, from its own usage error: "... (valid: a, b, c)"
valid_names() {
	"$lg" analyze "$1" /dev/null 2>&1 >/dev/null | sed -n 's/.*(valid: \(.*\))$/\1/p' | tr -d ,
}
kinds=$(valid_names --kind=,)
contexts=$(valid_names --context=,)
{ [ -n "$kinds" ] && [ -n "$contexts" ]; } || fail "lockgraph names no valid --kind/--context"
case " $kinds " in *" cycle "*) ;; *) fail "cycle is not a valid --kind: $kinds" ;; esac

# commands
expect 'lockgraph an' 'analyze'
expect 'lockgraph ' 'analyze help version watch'
expect 'lockgraph --v' '--version'
expect 'lockgraph help ' 'analyze watch'
expect 'lockgraph watch --buf' '--buffer-size='
expect 'lockgraph version ' ''

# options: every one 'analyze --help' lists is offered
expect 'lockgraph analyze --co' '--color= --context='
expect 'lockgraph analyze --form' '--format='
COMP_WORDS=(lockgraph analyze --) COMP_CWORD=2
_lockgraph
for o in $("$lg" analyze --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	printf '%s\n' "${COMPREPLY[@]}" | grep -qx -- "$o=\?" || fail "option $o not completed"
done

# option values, as bash splits them ("--format" "=" "") and unsplit ("--format=")
expect 'lockgraph analyze --format =' 'text json dot html'
expect 'lockgraph analyze --format = j' 'json'
expect 'lockgraph analyze --format=' '--format=text --format=json --format=dot --format=html'
expect 'lockgraph analyze -f ' 'text json dot html'
expect 'lockgraph analyze --format ' 'text json dot html'
expect 'lockgraph analyze x.log --color =' 'auto always never'
expect 'lockgraph analyze --color=n' '--color=never'
expect 'lockgraph analyze --kind =' "$kinds"
# shellcheck disable=SC2086 # one name a word
expect 'lockgraph analyze --kind=' "$(printf -- '--kind=%s ' $kinds)"
expect 'lockgraph analyze --context =' "$contexts"
expect 'lockgraph analyze --context = oom' 'oom_reaper'
# the last item of a list; names already in it are not offered again
# shellcheck disable=SC2086
expect 'lockgraph analyze --kind = cycle,' "$(printf 'cycle,%s ' $kinds | sed 's/cycle,cycle //')"
expect 'lockgraph analyze --kind=cycle,s' '--kind=cycle,sleep-path'
expect 'lockgraph analyze --context = fs_reclaim,mmu' 'fs_reclaim,mmu_notifier'

# files: inputs, the output, and everything after '--'
cd "$tmp" || fail "cd"
: >boot1.log
: >boot2.dat
: >-dash.log
expect 'lockgraph analyze ' '-dash.log boot1.log boot2.dat'
expect 'lockgraph analyze --quiet b' 'boot1.log boot2.dat'
expect 'lockgraph analyze -o boot1' 'boot1.log'
expect 'lockgraph analyze --output = boot2' 'boot2.dat'
expect 'lockgraph analyze -- -d' '-dash.log'
expect 'lockgraph analyze -j ' ''
echo "cli/completion: ok"
