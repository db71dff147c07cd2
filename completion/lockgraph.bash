# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for lockgraph(1): commands, analyze's options and their values, files.
# Installed as share/bash-completion/completions/lockgraph; or: source lockgraph.bash
# Needs bash only (not the bash-completion package).

_lockgraph_commands='analyze help version watch'
_lockgraph_watch_opts='--format= --output= --quiet --color= --graph --save= --kind= --context=
	--fail-on= --buffer-size= --name= --help -f -o -q -h'
_lockgraph_analyze_opts='--format= --output= --quiet --jobs= --color= --graph --save= --baseline=
	--suppress= --kind= --context= --fail-on= --help -f -o -q -j -h'
# the names lockgraph's --kind and --context take (JSON "type" and "contexts")
_lockgraph_kinds='cycle sleep-path irq-inversion'
_lockgraph_contexts='fs_reclaim mmu_notifier oom_reaper non_block dma_fence kswapd shrinker
	hardirq softirq workqueue rcu'

# _lockgraph_list PREFIX VALUE NAMES: complete the last item of a comma-separated VALUE
_lockgraph_list()
{
	local prefix=$1 value=$2 names=$3 head='' part=$2 n

	if [[ $value == *,* ]]; then
		head=${value%,*},
		part=${value##*,}
	fi
	for n in $names; do
		[[ ,$head == *,$n,* ]] && continue	# already in the list
		[[ $n == "$part"* ]] && COMPREPLY+=("$prefix$head$n")
	done
}

# _lockgraph_value OPTION PREFIX VALUE: values of an option; 1 when OPTION takes none
_lockgraph_value()
{
	local opt=$1 prefix=$2 value=$3 values v

	case $opt in
	-f | --format) values='text json dot html' ;;
	--color) values='auto always never' ;;
	--fail-on) values='proved likely weak' ;;
	--kind)
		_lockgraph_list "$prefix" "$value" "$_lockgraph_kinds"
		return 0
		;;
	--context)
		_lockgraph_list "$prefix" "$value" "$_lockgraph_contexts"
		return 0
		;;
	-o | --output | --save | --baseline | --suppress)
		local f

		while IFS= read -r f; do
			COMPREPLY+=("$prefix$f")
		done < <(compgen -f -- "$value")
		compopt -o filenames 2>/dev/null
		return 0
		;;
	-j | --jobs | --buffer-size | --name) return 0 ;;
	*) return 1 ;;
	esac
	for v in $values; do
		[[ $v == "$value"* ]] && COMPREPLY+=("$prefix$v")
	done
	return 0
}

_lockgraph()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' prev2='' cmd='' files_only='' i w
	local IFS=$' \t\n'

	COMPREPLY=()
	((COMP_CWORD >= 1)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	((COMP_CWORD >= 2)) && prev2=${COMP_WORDS[COMP_CWORD - 2]}
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w != -* ]]; then
			cmd=$w
			break
		fi
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W '--help --version' -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$_lockgraph_commands" -- "$cur")
		fi
		return 0
	fi
	case $cmd in
	help)
		((i == COMP_CWORD - 1)) &&
			mapfile -t COMPREPLY < <(compgen -W 'analyze watch' -- "$cur")
		return 0
		;;
	analyze | watch) ;;
	*) return 0 ;;
	esac
	for ((w = i + 1; w < COMP_CWORD; w++)); do
		[[ ${COMP_WORDS[w]} == -- ]] && files_only=1
	done

	# An option's value. With '=' in COMP_WORDBREAKS (the default) bash splits
	# "--format=js" into "--format" "=" "js", and the word to complete is "" or
	# "js"; without it the word is "--format=js" and the reply keeps the option.
	if [[ -n $files_only ]]; then
		:
	elif [[ $cur == = && $prev == --* ]]; then
		_lockgraph_value "$prev" '' '' && return 0
	elif [[ $prev == = && $prev2 == --* ]]; then
		_lockgraph_value "$prev2" '' "$cur" && return 0
	elif [[ $cur == --*=* ]]; then
		_lockgraph_value "${cur%%=*}" "${cur%%=*}=" "${cur#*=}" && return 0
	elif [[ $prev == -* ]]; then
		# "--format json", "-f json": the value as the next word
		case $prev in
		--*=*) ;;
		*) _lockgraph_value "$prev" '' "$cur" && return 0 ;;
		esac
	fi

	if [[ $cur == -* && -z $files_only ]]; then
		if [[ $cmd == watch ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$_lockgraph_watch_opts" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$_lockgraph_analyze_opts" -- "$cur")
		fi
		# "--kind=": the value comes next, no space
		if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
			compopt -o nospace 2>/dev/null
		fi
		return 0
	fi
	# inputs: logs and trace.dat captures, any name
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	compopt -o filenames 2>/dev/null
	return 0
}

complete -F _lockgraph lockgraph
